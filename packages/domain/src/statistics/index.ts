/** National statistics: disclosure control for frequency tables (ADR 0020). */
export { cellInterval, type Interval, intervalWidth } from "./bounds.ts";
export { countCells } from "./count.ts";
export { coarsenPeriod, monthAtom, type Period, yearFamily } from "./periods.ts";
export {
  allCoords,
  buildSystem,
  type CellCount,
  type CellSystem,
  type Dimension,
  DisclosureInputError,
  type PeriodInput,
  type ReleaseInput,
  type TableInput,
  TOTAL,
} from "./release.ts";
export {
  type AuditEntry,
  audit,
  type CellStatus,
  DEFAULT_THRESHOLD,
  type DisclosureOptions,
  type ProtectedCell,
  type ProtectedRelease,
  primarySuppression,
  protectRelease,
  suppress,
} from "./suppress.ts";
