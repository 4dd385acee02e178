/**
 * A tiny state machine: a map from each state to the states it may move to. A state with no
 * outgoing transitions is final. Statuses come from the database as text, so every check also
 * answers safely for strings that are not states at all.
 */
export interface Machine<S extends string> {
  /** Names the machine in errors and logs, e.g. "nsp-placement". */
  readonly name: string;
  /** Every state, in the order the transition table lists them. */
  readonly states: S[];
  can(from: S, to: S): boolean;
  /** Throws InvalidTransitionError when `can(from, to)` is false. */
  assert(from: S, to: S): void;
  /** The states reachable in one step; empty for a final (or unknown) state. */
  next(from: S): readonly S[];
  isFinal(s: S): boolean;
  /** Narrows a string read from storage to a state of this machine. */
  isState(s: string): s is S;
}

export class InvalidTransitionError extends Error {
  readonly machine: string;
  readonly from: string;
  readonly to: string;

  constructor(machine: string, from: string, to: string) {
    super(`${machine}: the transition from "${from}" to "${to}" is not allowed`);
    this.name = "InvalidTransitionError";
    this.machine = machine;
    this.from = from;
    this.to = to;
  }
}

const NONE: readonly never[] = Object.freeze([]);

export function defineMachine<S extends string>(
  transitions: Record<S, readonly NoInfer<S>[]>,
  name = "machine",
): Machine<S> {
  const table = new Map<string, readonly S[]>();
  for (const [from, targets] of Object.entries(transitions) as [S, readonly S[]][]) {
    table.set(from, Object.freeze([...new Set(targets)]));
  }
  for (const [from, targets] of table) {
    for (const to of targets) {
      if (!table.has(to)) throw new Error(`${name}: "${from}" leads to "${to}", which is not a state`);
    }
  }
  const next = (from: string): readonly S[] => table.get(from) ?? NONE;
  const can = (from: string, to: string): boolean => next(from).includes(to as S);
  return {
    name,
    states: [...table.keys()] as S[],
    can,
    assert(from, to) {
      if (!can(from, to)) throw new InvalidTransitionError(name, from, to);
    },
    next,
    isFinal: (s) => table.has(s) && next(s).length === 0,
    isState: (s): s is S => table.has(s),
  };
}
