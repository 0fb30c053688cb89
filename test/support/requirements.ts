/**
 * `describe` for a suite that needs what a machine with only Node and npm may lack (a Redis
 * binary, PostgreSQL's server tools, Chromium). `missing` says what is absent, or is null when
 * all is there. Where something is missing the suite is skipped with the reason printed, so the
 * README's `npm test` passes on such a machine; CI sets each `TEST_REQUIRE_*` variable to `1`,
 * and there a missing requirement fails the run instead of skipping the suite.
 */
export function describeWhen(missing: string | null, requireVariable: string): jest.Describe {
  if (missing === null) return describe;
  if (process.env[requireVariable] === '1') {
    throw new Error(`${requireVariable}=1 but ${missing}: this suite would be skipped`);
  }
  console.warn(`suite skipped: ${missing} (CI sets ${requireVariable}=1 and fails instead)`);
  return describe.skip;
}
