import { runnerOnKurrentDoubleSuite } from '../testing/runnerOnKurrentDouble';

runnerOnKurrentDoubleSuite('@kurrent/kurrentdb-client');
