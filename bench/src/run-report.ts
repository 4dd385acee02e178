/** `npm run bench`, the annual report's part (run.ts starts it in a process of its own; `run.ts report` alone). */
import { benchReport } from "./report.ts";
import { print, record } from "./results.ts";

const figures = await benchReport();
record(figures);
print(figures);
