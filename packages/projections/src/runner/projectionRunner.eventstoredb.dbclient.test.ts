import { runnerOnKurrentDoubleSuite } from '../testing/runnerOnKurrentDouble';

runnerOnKurrentDoubleSuite('@eventstore/db-client');
