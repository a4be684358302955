// The parity property (test/support/parity.ts) on 4,000 samples of another seed; part 2.
import { parityTest } from '../test/support/parity';

parityTest(1, { count: 4064, seed: 20261206 });
