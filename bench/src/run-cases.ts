/** `npm run bench`, the case part (run.ts starts it in a process of its own): needs DATABASE_URL. */
import { benchCases } from "./cases.ts";
import { print, record } from "./results.ts";

const figures = await benchCases({ databaseUrl: process.env.DATABASE_URL as string });
record(figures);
print(figures);
