/** `npm run bench`, the national statistics part (run.ts starts it in a process of its own): needs DATABASE_URL. */
import { print, record } from "./results.ts";
import { benchStats } from "./stats.ts";

const figures = await benchStats({ databaseUrl: process.env.DATABASE_URL as string });
record(figures);
print(figures);
