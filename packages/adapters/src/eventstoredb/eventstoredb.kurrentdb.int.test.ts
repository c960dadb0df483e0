import { realServerSuite } from './suites/realServerSuite';

realServerSuite('@kurrent/kurrentdb-client');
