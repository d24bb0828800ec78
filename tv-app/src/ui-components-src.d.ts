// ui-components publishes one pre-built bundle (everything, ~250 kB minified) and its ES sources under
// "./src", which Vite can tree-shake to the two things the app uses (the theme context and
// withAnnouncer). The sources have no types of their own: they are the bundle's.
declare module '@lightningjs/ui-components/src' {
  export * from '@lightningjs/ui-components';
}

// The base theme ui-components merges every theme onto (plain data; read by the theme test).
declare module '@lightningjs/ui-components-theme-base' {
  const baseTheme: { asset: Record<string, string> } & Record<string, unknown>;
  export default baseTheme;
}
