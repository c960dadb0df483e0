import { serviceOnEventStoreDbSuite } from './serviceOnEventStoreDb';

serviceOnEventStoreDbSuite('@eventstore/db-client');
