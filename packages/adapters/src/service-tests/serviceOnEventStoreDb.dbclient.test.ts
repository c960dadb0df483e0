import { serviceOnEventStoreDbSuite } from '../testing/service/serviceOnEventStoreDb';

serviceOnEventStoreDbSuite('@eventstore/db-client');
