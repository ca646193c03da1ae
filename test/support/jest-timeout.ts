// Against real servers a hook or test may wait seconds on a shared, busy machine (load 15 on 2 cores
// seen here): jest's 5 s default made correct tests fail. `testTimeout` is a global option that jest
// ignores inside a project's config, so the integration, e2e and fault projects set it here. Long
// tests still set their own with jest.setTimeout, which runs after this.
jest.setTimeout(60_000);
