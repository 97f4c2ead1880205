// CommonJS bridge for notebooks: tslab runs cells as CommonJS, where ESM-only packages (vega, vega-lite) cannot be required.
// Usage in a cell: const esm: (m: string) => Promise<any> = require("../src/esm.cjs"); const vl = await esm("vega-lite");
module.exports = (m) => import(m);
