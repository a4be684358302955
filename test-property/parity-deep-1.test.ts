// The parity property (test/support/parity.ts) on 4,000 samples of another seed; part 1.
import { parityTest } from '../test/support/parity';

parityTest(0, { count: 4064, seed: 20261206 });
