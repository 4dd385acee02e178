/** The facilitator guide's print button (a file, not an inline handler, for the Content-Security-Policy). */
document.getElementById("guide-print-button")?.addEventListener("click", () => window.print());
