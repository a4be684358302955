// Synth and Helm accept exactly the same values, and all they accept is valid
// Kubernetes (see test/support/parity.ts); part 1 of the samples.
import { parityTest } from '../support/parity';

parityTest(0);
