import { peers } from "./index.js";
import { importTimes } from "./import-time.js";
console.log(JSON.stringify(await importTimes(true)));
console.log(JSON.stringify(await peers(true), null, 1));
