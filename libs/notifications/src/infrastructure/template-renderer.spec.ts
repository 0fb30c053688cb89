import { EMAIL_TEMPLATES, type EmailTemplate, SMS_TEMPLATES } from '../domain/email-message';
import { formatMoney, TemplateRenderer } from './template-renderer';

const store = { storeName: 'Silk & Co', supportEmail: 'help@silk.example' };

const order = {
  ...store,
  id: '5f0c6f43-2a4e-4b8e-9a53-1f0f7a1c2b3d',
  number: 1042,
  status: 'paid',
  email: 'ada@example.com',
  items: [
    {
      variantId: 'a1',
      sku: 'TEE-BLUE-M',
      title: 'Blue Tee',
      unitPrice: 2499,
      quantity: 2,
      lineTotal: 4998,
    },
    {
      variantId: 'a2',
      sku: 'HOOD-GREY-L',
      title: 'Grey Hoodie',
      unitPrice: 5999,
      quantity: 1,
      lineTotal: 5999,
    },
  ],
  subtotal: 10997,
  discountTotal: 500,
  shippingTotal: 495,
  taxTotal: 0,
  total: 10992,
  currency: 'EUR',
  shippingAddress: {
    name: 'Ada Lovelace',
    line1: '12 rue de la Paix',
    city: 'Paris',
    postalCode: '75002',
    country: 'FR',
  },
  payments: [],
  createdAt: '2025-03-12T10:00:00.000Z',
  paidAt: '2025-03-12T10:05:00.000Z',
  fulfilledAt: '2025-03-13T08:00:00.000Z',
  cancelledAt: null,
  trackingNumber: '1Z999AA10123456784',
  carrier: 'UPS',
};

const token = 'Qx7vN2kLp0aZ-9_rT4yUe8WbC1dFgHjKlMnOpQrStUv';

/** Data as each subscriber sends it; a template that needs more fails the render below. */
const SAMPLES: Record<EmailTemplate, Record<string, unknown>> = {
  welcome: { name: 'Grace' },
  'password-reset': {
    name: 'Grace',
    token,
    expiresInMinutes: 30,
    publicUrl: 'https://api.shop.example',
  },
  'order-confirmation': order,
  'payment-received': order,
  'order-shipped': order,
  'low-stock': { ...store, name: 'Grace', sku: 'TEE-BLUE-M', stock: 3, threshold: 5 },
  'customer-welcome': { ...store, name: 'Ada' },
  'customer-password-reset': {
    ...store,
    name: 'Ada',
    token,
    expiresInMinutes: 30,
    publicUrl: 'https://api.shop.example',
    storeSlug: 'silk-co',
  },
  'plan-limit': {
    ...store,
    name: 'Grace',
    plan: 'free',
    limit: 'products',
    used: 80,
    soft: 80,
    hard: 100,
  },
};

describe('TemplateRenderer', () => {
  const renderer = new TemplateRenderer();

  it('formats minor units in the currency as people read it', () => {
    expect(formatMoney(24985, 'EUR')).toBe('€249.85');
    expect(formatMoney(500, 'JPY')).toBe('¥500');
    expect(formatMoney(1999, 'USD')).toBe('$19.99');
    expect(formatMoney(1234567, 'USD')).toBe('$12,345.67');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
  });

  it('refuses an amount that is not whole minor units, or an unknown currency', () => {
    expect(() => formatMoney(19.99, 'USD')).toThrow('minor units');
    expect(() => formatMoney('1999', 'USD')).toThrow('minor units');
    expect(() => formatMoney(1999, 'DOLLARS')).toThrow();
  });

  it('shows the amounts of an order in its own currency', () => {
    const yen = {
      ...order,
      currency: 'JPY',
      items: [{ ...order.items[0], unitPrice: 250, lineTotal: 500 }],
      subtotal: 500,
      discountTotal: 0,
      shippingTotal: 0,
      total: 500,
    };
    const { text, html } = renderer.render('order-confirmation', yen);
    expect(text).toMatch(/^2 × Blue Tee – ¥500$/m);
    expect(text).toMatch(/^Total: ¥500$/m);
    expect(text).toMatch(/^Shipping: free$/m);
    expect(html).toContain('¥500');
    expect(renderer.render('payment-received', order).text).toContain('€109.92');
  });

  it('escapes data in the HTML part only', () => {
    const tricky = {
      ...order,
      storeName: 'Bits & <Bobs>',
      items: [{ ...order.items[0], title: 'Tee <b>bold</b> & "quoted"' }],
    };
    const { subject, text, html } = renderer.render('order-confirmation', tricky);
    expect(text).toContain('2 × Tee <b>bold</b> & "quoted" – €49.98');
    expect(html).toContain('Tee &lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('Bits &amp; &lt;Bobs&gt;');
    expect(subject).toBe('Your order #1042 at Bits & <Bobs>');
  });

  it.each(EMAIL_TEMPLATES)('renders %s: a subject, an HTML page and readable text', (template) => {
    const { subject, text, html } = renderer.render(template, SAMPLES[template]);
    expect(subject.length).toBeGreaterThan(5);
    expect(subject).not.toMatch(/\n/);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('You receive this email');
    expect(text).toContain('You receive this email');
    const brand = (SAMPLES[template].storeName as string | undefined) ?? 'SilkCart';
    expect(html).toContain(brand.replace('&', '&amp;'));
    expect(text.startsWith(brand)).toBe(true);
    for (const part of [subject, text, html]) {
      expect(part).not.toMatch(/undefined|null|NaN|\[object/);
    }
    // Not a word a line, as a reflowed template gives (the brand and a country stand alone).
    const lonelyWords = text.split('\n').filter((line) => /^\p{L}+[,.:;]?$/u.test(line));
    expect(lonelyWords.length).toBeLessThanOrEqual(2);
  });

  it.each(EMAIL_TEMPLATES)('refuses to render %s when its data is missing', (template) => {
    expect(() => renderer.render(template, {})).toThrow();
  });

  it('fails on a variable the data lacks instead of leaving a blank', () => {
    const { number: _number, ...withoutNumber } = order;
    expect(() => renderer.render('order-confirmation', withoutNumber)).toThrow(/"number"/);
    const { createdAt: _createdAt, ...withoutDate } = order;
    expect(() => renderer.render('order-confirmation', withoutDate)).toThrow(/date/);
  });

  it('puts each item of the order confirmation on a line of its own', () => {
    const { text } = renderer.render('order-confirmation', order);
    expect(text).toMatch(/^2 × Blue Tee – €49\.98\n1 × Grey Hoodie – €59\.99$/m);
    expect(text).toMatch(/^Subtotal: €109\.97$/m);
    expect(text).toMatch(/^Discount: −€5\.00$/m);
    expect(text).toMatch(/^Total: €109\.92$/m);
    expect(text).toContain('#1042');
    expect(text).toMatch(/^12 rue de la Paix\n75002 Paris\nFrance$/m);
    expect(text).not.toMatch(/^Tax:/m);
  });

  it('names the support address in the footer only when the store has one', () => {
    const withSupport = renderer.render('order-shipped', order);
    expect(withSupport.html).toContain('mailto:help@silk.example');
    expect(withSupport.text).toContain('write to help@silk.example');
    const without = renderer.render('order-shipped', { ...order, supportEmail: null });
    expect(without.html).not.toContain('mailto:');
    expect(without.text).not.toContain('write to');
  });

  it.each(['low-stock', 'plan-limit'] as const)(
    'leaves the store support address out of %s, sent to its administrators',
    (template) => {
      const { text, html } = renderer.render(template, SAMPLES[template]);
      expect(html).not.toContain('help@silk.example');
      expect(text).not.toContain('help@silk.example');
      expect(text).toContain('administrator of Silk & Co');
    },
  );

  it('shows tracking number and carrier of a shipment when known', () => {
    const { text, html } = renderer.render('order-shipped', order);
    expect(text).toMatch(/^Carrier: UPS$/m);
    expect(text).toMatch(/^Tracking number: 1Z999AA10123456784$/m);
    expect(html).toContain('1Z999AA10123456784');
    const untracked = renderer.render('order-shipped', {
      ...order,
      trackingNumber: null,
      carrier: null,
    });
    expect(untracked.text).not.toContain('Tracking');
  });

  it('links the password reset under PUBLIC_URL and keeps the code on a line of its own', () => {
    const { text, html } = renderer.render('password-reset', SAMPLES['password-reset']);
    expect(text).toContain(`https://api.shop.example/reset-password?token=${token}`);
    expect(/^([A-Za-z0-9_-]{43})$/m.exec(text)?.[1]).toBe(token);
    expect(html).toContain(`href="https://api.shop.example/reset-password?token&#x3D;${token}"`);
    const customer = renderer.render('customer-password-reset', SAMPLES['customer-password-reset']);
    expect(customer.text).toContain(
      `https://api.shop.example/catalog/silk-co/reset-password?token=${token}`,
    );
  });

  it('names the plan limit for people', () => {
    const { subject, text } = renderer.render('plan-limit', {
      ...SAMPLES['plan-limit'],
      limit: 'ordersPerMonth',
      used: 40000,
      soft: 40000,
      hard: null,
    });
    expect(subject).toBe('Silk & Co reached its soft limit for orders per month');
    expect(text).toMatch(/^Used: 40,000$/m);
    expect(text).toMatch(/^Hard limit: none$/m);
  });

  it.each(SMS_TEMPLATES)('renders the %s SMS as one line under 160 characters', (template) => {
    const sms = renderer.renderSms(template, order);
    expect(sms).toBe(
      'Silk & Co: your order #1042 has shipped with UPS, tracking number 1Z999AA10123456784.',
    );
    expect(sms.length).toBeLessThan(160);
    expect(renderer.renderSms(template, { ...order, trackingNumber: null, carrier: null })).toBe(
      'Silk & Co: your order #1042 has shipped.',
    );
  });
});
