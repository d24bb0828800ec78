// The house rules of ARCHITECTURE.md, checked by dependency-cruiser (`npm run check:architecture`, and a test in
// `npm test`): which room may import which. A rule broken here is a broken build.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles-in-the-server',
      comment: 'Rooms of cms-server/src import downwards only; a cycle means two rooms no longer know which is lower.',
      severity: 'error',
      from: { path: '^cms-server/src/' },
      to: { circular: true },
    },
    {
      name: 'domain-is-the-ground-floor',
      comment: 'cms-server/src/domain imports nothing of ours: only libraries (zod) and itself.',
      severity: 'error',
      from: { path: '^cms-server/src/domain/' },
      to: { path: '^(cms-server|tv-app|scripts|tests)/', pathNot: '^cms-server/src/domain/' },
    },
    {
      name: 'http-only-from-routes-and-the-root',
      comment:
        'http/ (Express glue: the app, error answers, validation glue, static files) is imported only by the ' +
        'composition root, route modules and the admin pipeline — never by services, repositories or jobs.',
      severity: 'error',
      from: {
        path: '^cms-server/src/',
        pathNot: [
          '^cms-server/src/http/',
          '^cms-server/src/(main|server|app)\\.ts$',
          '^cms-server/src/[a-z-]+/[a-z-]*routes\\.ts$',
          '^cms-server/src/admin/router\\.ts$',
        ],
      },
      to: { path: '^cms-server/src/http/' },
    },
    {
      name: 'tv-app-sees-only-the-tv-contract',
      comment:
        'The TV app imports from the server only its API contract (JSON types) and the shared ground it names: ' +
        'the vocabulary, the Chinese words for it (domain/labels.ts) and Shanghai time (domain/time.ts); never server code.',
      severity: 'error',
      from: { path: '^tv-app/' },
      to: {
        path: '^cms-server/',
        pathNot: ['^cms-server/src/tv-api/contract\\.ts$', '^cms-server/src/domain/(vocabulary|labels|time)\\.ts$'],
      },
    },
    {
      name: 'admin-web-sees-only-the-admin-contract',
      comment: 'The web admin imports from the server only its API contract (JSON types and the limits it shows).',
      severity: 'error',
      from: { path: '^cms-server/admin-web/' },
      to: { path: '^cms-server/src/', pathNot: '^cms-server/src/admin/contract\\.ts$' },
    },
    {
      name: 'server-never-imports-the-apps',
      comment: 'The server serves the built TV app and admin as files; it never imports their code.',
      severity: 'error',
      from: { path: '^cms-server/src/' },
      to: { path: '^(tv-app|cms-server/admin-web)/' },
    },
    {
      name: 'the-root-is-imported-by-nobody-below',
      comment:
        'The composition root (main, cli, server, app, background) wires the rooms; no room imports it back.',
      severity: 'error',
      from: { path: '^cms-server/src/[a-z-]+/' },
      to: { path: '^cms-server/src/(main|cli|server|app|background)\\.ts$' },
    },
    {
      name: 'background-work-starts-from-one-place',
      comment: 'Jobs and the scheduler are independent rooms; background.ts starts both.',
      severity: 'error',
      from: { path: '^cms-server/src/(jobs|scheduler)/' },
      to: { path: '^cms-server/src/(jobs|scheduler)/', pathNot: '^cms-server/src/$1/' },
    },
    {
      name: 'repositories-store-only',
      comment: 'A repository (SQL) never reaches up into services, routes or http.',
      severity: 'error',
      from: { path: '-repository\\.ts$' },
      to: { path: '(-service|routes|router)\\.ts$|^cms-server/src/http/' },
    },
    {
      name: 'no-tests-in-production-code',
      severity: 'error',
      from: { path: '^(cms-server|tv-app)/' },
      to: { path: '^(tests|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
    exclude: { path: '(^|/)dist/' },
  },
};
