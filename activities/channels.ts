/**
 * Where notices go: email through SMTP and a JSON webhook for the province's document
 * system. A channel that is not configured is absent, and its notices are recorded as
 * skipped rather than failing.
 */
import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../platform/config';

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Stable per notice, so a receiver can recognise a resend. */
  messageId: string;
}

export interface Channels {
  email?: (message: EmailMessage) => Promise<void>;
  webhook?: (deliveryId: string, payload: unknown) => Promise<void>;
  /** Closes the pooled mail connections, so a stopping worker does not wait for them to idle out. */
  close?: () => void;
}

export const SIGNATURE_HEADER = 'x-plan-engine-signature';
export const TIMESTAMP_HEADER = 'x-plan-engine-timestamp';
export const DELIVERY_HEADER = 'x-plan-engine-delivery';

/** HMAC-SHA256 over `<timestamp>.<body>`, so a captured request cannot be replayed later with another time. */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function createChannels(config: Pick<Config, 'SMTP_URL' | 'MAIL_FROM' | 'WEBHOOK_URL' | 'WEBHOOK_SECRET'>): Channels {
  const channels: Channels = {};
  if (config.SMTP_URL) {
    // Within the notice activity's 20-second limit (workflows/policies.ts). Pooled: a storm of
    // escalations reuses a few connections instead of a handshake per message.
    const transport = nodemailer.createTransport({
      url: config.SMTP_URL,
      pool: true,
      maxConnections: 4,
      connectionTimeout: 5_000,
      greetingTimeout: 5_000,
      socketTimeout: 10_000,
    });
    channels.email = async (message) => {
      await transport.sendMail({ from: config.MAIL_FROM, ...message, messageId: `<${message.messageId}>` });
    };
    channels.close = () => transport.close();
  }
  const { WEBHOOK_URL: url, WEBHOOK_SECRET: secret } = config;
  if (url && secret) {
    channels.webhook = async (deliveryId, payload) => {
      const body = JSON.stringify(payload);
      const timestamp = String(Math.floor(Date.now() / 1000));
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [TIMESTAMP_HEADER]: timestamp,
          [SIGNATURE_HEADER]: webhookSignature(secret, timestamp, body),
          [DELIVERY_HEADER]: deliveryId,
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    };
  }
  return channels;
}
