import { serviceOnEventStoreDbSuite } from './serviceOnEventStoreDb';

serviceOnEventStoreDbSuite('@kurrent/kurrentdb-client');
