import { serviceOnEventStoreDbSuite } from '../testing/service/serviceOnEventStoreDb';

serviceOnEventStoreDbSuite('@kurrent/kurrentdb-client');
