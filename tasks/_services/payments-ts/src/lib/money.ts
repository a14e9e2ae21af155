/** Amounts are integer cents inside the service; the API speaks decimal strings ("19.99"). */

const DECIMAL = /^(\d{1,9})(?:\.(\d{1,2}))?$/;

/** The cents of a decimal amount such as "19.99", "5.5" or "12"; undefined when it is not one. */
export function parseAmount(text: string): number | undefined {
  const match = DECIMAL.exec(text);
  if (!match) return undefined;
  const [, units, fraction = ""] = match;
  return Number(units) * 100 + Number(fraction.padEnd(2, "0"));
}

/** "19.99" for 1999 cents. */
export function formatAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}
