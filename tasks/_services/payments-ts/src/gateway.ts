/** The card processor, as the service sees it. */

export interface ChargeRequest {
  amountCents: number;
  currency: string;
  reference: string;
}

export interface RefundRequest {
  chargeId: string;
  amountCents: number;
}

export type GatewayResult = { ok: true; id: string } | { ok: false; declineCode: string };

export interface Gateway {
  charge(request: ChargeRequest): Promise<GatewayResult>;
  refund(request: RefundRequest): Promise<GatewayResult>;
}

/** The processor's sandbox, in memory: what the service talks to outside production. */
export class SandboxGateway implements Gateway {
  readonly charges: ChargeRequest[] = [];
  readonly refunds: RefundRequest[] = [];
  /** While true, every refund is declined (the way the sandbox simulates an issuer saying no). */
  declineRefunds = false;

  async charge(request: ChargeRequest): Promise<GatewayResult> {
    this.charges.push(request);
    return { ok: true, id: `ch_${this.charges.length}` };
  }

  async refund(request: RefundRequest): Promise<GatewayResult> {
    this.refunds.push(request);
    if (this.declineRefunds) return { ok: false, declineCode: "issuer_declined" };
    return { ok: true, id: `re_${this.refunds.length}` };
  }
}
