import { PROFILE_NAMES, renderCase } from './support/render';

describe('synthesized manifests', () => {
  test.each(PROFILE_NAMES)('profile %s', (profile) => {
    expect(renderCase({ profile }).manifests).toMatchSnapshot();
  });
});
