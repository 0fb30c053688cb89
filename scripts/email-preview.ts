/**
 * `npm run email:preview`: every email template (and SMS) rendered with realistic sample data
 * into `.data/email-preview/`, with an index.html linking each `<template>.html` and `.txt`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  EMAIL_TEMPLATES,
  type EmailTemplate,
  SMS_TEMPLATES,
  type SmsTemplate,
} from '../libs/notifications/src/domain/email-message';
import { TemplateRenderer } from '../libs/notifications/src/infrastructure/template-renderer';

const OUT = resolve(__dirname, '..', '.data', 'email-preview');
const publicUrl = 'https://shop-api.silkcart.example';
const store = {
  storeName: 'Maison Lumière',
  storeSlug: 'maison-lumiere',
  supportEmail: 'help@maison-lumiere.example',
};
const token = 'Qx7vN2kLp0aZ-9_rT4yUe8WbC1dFgHjKlMnOpQrStUv';

const order = {
  ...store,
  id: '5f0c6f43-2a4e-4b8e-9a53-1f0f7a1c2b3d',
  number: 1042,
  status: 'paid',
  email: 'ada.lovelace@example.com',
  items: [
    {
      variantId: '0b8e1f7e-1d5c-4c5e-8d0c-5d1b1b9c2a01',
      sku: 'SILK-SCARF-IVORY',
      title: 'Silk scarf — Ivory <limited edition>',
      unitPrice: 8900,
      quantity: 1,
      lineTotal: 8900,
    },
    {
      variantId: '0b8e1f7e-1d5c-4c5e-8d0c-5d1b1b9c2a02',
      sku: 'TEE-BLUE-M',
      title: 'Blue Tee (M)',
      unitPrice: 2499,
      quantity: 2,
      lineTotal: 4998,
    },
    {
      variantId: '0b8e1f7e-1d5c-4c5e-8d0c-5d1b1b9c2a03',
      sku: 'CANDLE-FIG-200',
      title: 'Fig & cedar candle, 200 g',
      unitPrice: 3450,
      quantity: 3,
      lineTotal: 10350,
    },
  ],
  subtotal: 24248,
  discountTotal: 2425,
  shippingTotal: 495,
  taxTotal: 3717,
  total: 26035,
  currency: 'EUR',
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 rue de la Paix',
    line2: 'Bâtiment B, 3e étage',
    city: 'Paris',
    postalCode: '75002',
    country: 'FR',
    phone: '+33 6 12 34 56 78',
  },
  payments: [],
  createdAt: '2025-03-12T10:02:00.000Z',
  paidAt: '2025-03-12T10:05:00.000Z',
  fulfilledAt: '2025-03-13T08:30:00.000Z',
  cancelledAt: null,
  trackingNumber: '1Z999AA10123456784',
  carrier: 'UPS',
};

const EMAILS: Record<EmailTemplate, Record<string, unknown>> = {
  welcome: { name: 'Grace Hopper' },
  'password-reset': { name: 'Grace Hopper', token, expiresInMinutes: 30, publicUrl },
  'order-confirmation': { ...order, status: 'pending_payment', paidAt: null, fulfilledAt: null },
  'payment-received': { ...order, fulfilledAt: null },
  'order-shipped': order,
  'low-stock': {
    ...store,
    name: 'Grace Hopper',
    sku: 'SILK-SCARF-IVORY',
    stock: 3,
    threshold: 5,
  },
  'customer-welcome': { ...store, name: 'Ada Lovelace' },
  'customer-password-reset': {
    ...store,
    name: 'Ada Lovelace',
    token,
    expiresInMinutes: 30,
    publicUrl,
  },
  'plan-limit': {
    ...store,
    name: 'Grace Hopper',
    plan: 'free',
    limit: 'products',
    used: 80,
    soft: 80,
    hard: 100,
  },
};

const SMS: Record<SmsTemplate, Record<string, unknown>> = { 'order-shipped': order };

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function main(): void {
  const renderer = new TemplateRenderer();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const rows: string[] = [];
  for (const template of EMAIL_TEMPLATES) {
    const { subject, text, html } = renderer.render(template, EMAILS[template]);
    writeFileSync(join(OUT, `${template}.html`), html);
    writeFileSync(join(OUT, `${template}.txt`), `Subject: ${subject}\n\n${text}`);
    rows.push(
      `<tr><td>${template}</td><td>${escape(subject)}</td>` +
        `<td><a href="${template}.html">HTML</a> · <a href="${template}.txt">text</a></td></tr>`,
    );
  }
  for (const template of SMS_TEMPLATES) {
    const sms = renderer.renderSms(template, SMS[template]);
    writeFileSync(join(OUT, `${template}.sms.txt`), `${sms}\n`);
    rows.push(
      `<tr><td>${template} (SMS, ${sms.length} characters)</td><td>${escape(sms)}</td>` +
        `<td><a href="${template}.sms.txt">text</a></td></tr>`,
    );
  }
  writeFileSync(
    join(OUT, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>SilkCart email preview</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:32px}td{padding:6px 16px 6px 0;border-bottom:1px solid #ddd;vertical-align:top}td:last-child{white-space:nowrap}</style>
</head><body><h1>SilkCart email preview</h1><table>
<tr><th align="left">template</th><th align="left">subject</th><th align="left">parts</th></tr>
${rows.join('\n')}
</table></body></html>\n`,
  );
  console.log(OUT);
}

main();
