/**
 * Knowledge-needs signals from the training and the exercises: a DOM event with slugs from the
 * content only (never anything typed). Whoever listens decides whether anything is sent; with no
 * listener nothing happens and the page works the same.
 */
export type Signal =
  | { type: "quiz-answer"; module: string; question: string; correct: boolean }
  | { type: "exercise-decision"; exercise: string; node: string; choice: string };

export function emitSignal(detail: Signal): void {
  document.dispatchEvent(new CustomEvent("stodkedjan:signal", { detail }));
}
