// Synth and Helm accept exactly the same values, and all they accept is valid
// Kubernetes: TODO_CHATBOT_PARITY_SAMPLES (default 1000) samples per helm
// major from TODO_CHATBOT_PARITY_SEED, in two test files so both cores work.
import { checkParity, paritySamples } from '../support/parity';

const COUNT = Number(process.env.TODO_CHATBOT_PARITY_SAMPLES ?? 1000);
const SEED = Number(process.env.TODO_CHATBOT_PARITY_SEED ?? 20261124);
const PART = 1;

test(`parity part ${PART + 1} of 2: synth, helm 3 and helm 4 agree on every sample`, async () => {
  const report = await checkParity(paritySamples(COUNT, SEED, PART, 2), SEED);
  expect(report.failures.slice(0, 5)).toEqual([]);
  // Both outcomes must be common, or the samples test little.
  expect(report.accepted).toBeGreaterThan(report.samples * 0.3);
  expect(report.accepted).toBeLessThan(report.samples * 0.9);
}, 300000);
