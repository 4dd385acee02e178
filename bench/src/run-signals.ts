/** `npm run bench`, the signals part (run.ts starts it in a process of its own): needs DATABASE_URL. */
import { print, record } from "./results.ts";
import { benchSignals } from "./signals.ts";

const figures = await benchSignals({ databaseUrl: process.env.DATABASE_URL as string });
record(figures);
print(figures);
