/** The outbound-mail port: SESv2 in AWS and locally (aws-ses-v2-local), a recording fake in unit tests. */
export interface OutboundMail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html?: string;
  /** Extra header fields (Message-ID, In-Reply-To, References, Auto-Submitted...). */
  headers: { name: string; value: string }[];
  /** Dimensions for SES event publishing (template, tenant). */
  tags?: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the provider's id for the accepted message (SES MessageId). */
  send(mail: OutboundMail): Promise<{ providerMessageId: string }>;
}
