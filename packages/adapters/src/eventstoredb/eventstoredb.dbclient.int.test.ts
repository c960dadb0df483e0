import { realServerSuite } from './suites/realServerSuite';

realServerSuite('@eventstore/db-client');
