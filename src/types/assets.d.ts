/** Rule packs and the default config are embedded as text at build time (`with { type: "text" }`). */
declare module "*.yaml" {
  const text: string;
  export default text;
}
