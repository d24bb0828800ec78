// The production nginx site (deploy/nginx/keting.conf) for tests: the renderer and runner live in scripts/nginx-site.ts
// (`npm run start:cluster` runs the same nginx, and scripts do not import from tests/); this file re-exports them, so the
// tests keep one import path. startNginx without a port takes a free one, on 127.0.0.1.
export { freePort, NGINX_BIN, nginxMissing, renderSite, SITE_FILE, startNginx } from '../../scripts/nginx-site.ts';
export type { NginxProcess, SiteOptions, StartNginxOptions } from '../../scripts/nginx-site.ts';
