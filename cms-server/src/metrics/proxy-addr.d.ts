// The one function of proxy-addr (Express's own dependency for `trust proxy`) the metrics' address check uses;
// the package ships no types.
declare module 'proxy-addr' {
  /** Compiles names (loopback, linklocal, uniquelocal), addresses and CIDR ranges into a test of an address. */
  export function compile(allow: string | string[]): (address: string, hop: number) => boolean;
  const proxyaddr: { compile: typeof compile };
  export default proxyaddr;
}
