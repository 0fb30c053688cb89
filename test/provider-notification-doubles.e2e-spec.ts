import { Client } from '@sendgrid/client';
import { ResponseError } from '@sendgrid/helpers/classes';
import { MailService } from '@sendgrid/mail';
import nodemailer from 'nodemailer';
import twilio from 'twilio';
import { SmtpCapture, startSmtpCapture } from './support/smtp-capture';
import { SendGridDouble, startSendGridDouble } from './support/sendgrid-double';
import { startTwilioDouble, TwilioDouble } from './support/twilio-double';

// Each notification double is driven by the client the app uses (@sendgrid/mail, twilio,
// nodemailer), pointed at it the way the header of its file says, so a shape the client would
// reject, or a base-URL setting the SDK ignores, fails here first.
describe('SendGrid double, through @sendgrid/mail', () => {
  let double: SendGridDouble;
  let mail: MailService;

  beforeAll(async () => {
    double = await startSendGridDouble();
    const client = new Client();
    client.setApiKey(double.apiKey);
    client.setDefaultRequest('baseUrl', double.url);
    mail = new MailService();
    mail.setClient(client);
  });
  afterAll(() => double?.close());

  const message = {
    to: 'buyer@example.com',
    from: { email: 'shop@silkcart.test', name: 'SilkCart' },
    replyTo: 'support@silkcart.test',
    subject: 'Your order #1001',
    text: 'Thanks for your order.',
    html: '<p>Thanks for your order.</p>',
    customArgs: { orderId: 'order-1' },
    headers: { 'X-Entity-Ref-ID': 'order-1' },
  };

  it('accepts a mail with text, html and reply_to and answers its X-Message-Id', async () => {
    const [response] = await mail.send(message);

    expect(response.statusCode).toBe(202);
    const id = response.headers['x-message-id'];
    expect(id).toEqual(expect.any(String));
    const sent = double.messages.find((m) => m.id === id);
    expect(sent?.body).toEqual({
      personalizations: [{ to: [{ email: 'buyer@example.com' }] }],
      from: { email: 'shop@silkcart.test', name: 'SilkCart' },
      reply_to: { email: 'support@silkcart.test' },
      subject: 'Your order #1001',
      content: [
        { type: 'text/plain', value: 'Thanks for your order.' },
        { type: 'text/html', value: '<p>Thanks for your order.</p>' },
      ],
      custom_args: { orderId: 'order-1' },
      headers: { 'X-Entity-Ref-ID': 'order-1' },
    });
    expect(sent?.headers.authorization).toBe(`Bearer ${double.apiKey}`);
  });

  it('rejects a 500 with the SDK ResponseError and records nothing', async () => {
    const before = double.messages.length;
    double.failNext(500);

    const error = await mail.send(message).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ResponseError);
    expect(error).toMatchObject({
      code: 500,
      response: { body: { errors: [{ message: expect.any(String), field: null, help: null }] } },
    });
    expect(double.messages).toHaveLength(before);
    await expect(mail.send(message)).resolves.toBeDefined();
  });

  it('answers 400 naming each invalid field', async () => {
    const error = await mail
      .send({ ...message, to: 'not-an-address', replyTo: 'nope', text: undefined, html: '' })
      .catch((e: unknown) => e as ResponseError);

    expect(error).toMatchObject({ code: 400 });
    const fields = (error as ResponseError).response.body as unknown as {
      errors: { field: string; help: string }[];
    };
    expect(fields.errors.map((e) => e.field)).toEqual([
      'personalizations.0.to.0.email',
      'reply_to.email',
      'content.0.value',
    ]);
    expect(fields.errors[0].help).toMatch(/^http:\/\/sendgrid\.com\/docs\//);
  });

  it('answers 401 to another API key', async () => {
    const client = new Client();
    client.setApiKey('SG.someone-else');
    client.setDefaultRequest('baseUrl', double.url);
    const other = new MailService();
    other.setClient(client);

    await expect(other.send(message)).rejects.toMatchObject({
      code: 401,
      response: {
        body: {
          errors: [
            {
              message: 'The provided authorization grant is invalid, expired, or revoked',
              field: null,
              help: null,
            },
          ],
        },
      },
    });
  });
});

describe('Twilio double, through the twilio SDK', () => {
  let double: TwilioDouble;
  let client: twilio.Twilio;

  beforeAll(async () => {
    double = await startTwilioDouble();
    client = twilio(double.accountSid, double.authToken);
    client.api.baseUrl = double.url;
  });
  afterAll(() => double?.close());

  it('creates a message and answers the Message resource', async () => {
    const sms = await client.messages.create({
      to: '+14155550123',
      from: '+15005550006',
      body: 'Your order #1001 has shipped.',
    });

    expect(sms.sid).toMatch(/^SM[0-9a-f]{32}$/);
    expect(sms).toMatchObject({
      accountSid: double.accountSid,
      to: '+14155550123',
      from: '+15005550006',
      body: 'Your order #1001 has shipped.',
      status: 'queued',
      numSegments: '1',
      direction: 'outbound-api',
      apiVersion: '2010-04-01',
      uri: `/2010-04-01/Accounts/${double.accountSid}/Messages/${sms.sid}.json`,
    });
    expect(sms.dateCreated.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(double.messages.map((m) => m.sid)).toContain(sms.sid);

    const fetched = await client.messages(sms.sid).fetch();
    expect(fetched.body).toBe('Your order #1001 has shipped.');
  });

  it('counts segments as Twilio bills them', async () => {
    const long = await client.messages.create({
      to: '+14155550123',
      from: '+15005550006',
      body: 'x'.repeat(161),
    });
    const unicode = await client.messages.create({
      to: '+14155550123',
      from: '+15005550006',
      body: 'Merci 🎉',
    });
    expect([long.numSegments, unicode.numSegments]).toEqual(['2', '1']);
  });

  it('rejects a number that is not E.164 with RestException 21211', async () => {
    const error = await client.messages
      .create({ to: '555-0100', from: '+15005550006', body: 'Hi' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(twilio.RestException);
    expect(error).toMatchObject({
      status: 400,
      code: 21211,
      moreInfo: 'https://www.twilio.com/docs/errors/21211',
    });
  });

  it('answers 401 (20003) to a wrong auth token and a forced 503 in the same shape', async () => {
    const stranger = twilio(double.accountSid, 'wrong-token');
    stranger.api.baseUrl = double.url;
    await expect(
      stranger.messages.create({ to: '+14155550123', from: '+15005550006', body: 'Hi' }),
    ).rejects.toMatchObject({ status: 401, code: 20003 });

    const before = double.messages.length;
    double.failNext(503);
    await expect(
      client.messages.create({ to: '+14155550123', from: '+15005550006', body: 'Hi' }),
    ).rejects.toMatchObject({ status: 503, code: 20503 });
    expect(double.messages).toHaveLength(before);
  });
});

describe('SMTP capture, through nodemailer', () => {
  let capture: SmtpCapture;

  beforeAll(async () => {
    capture = await startSmtpCapture();
  });
  afterAll(() => capture?.close());

  const message = {
    from: 'SilkCart <shop@silkcart.test>',
    to: 'buyer@example.com',
    replyTo: 'support@silkcart.test',
    subject: 'Your order #1001',
    text: 'Thanks for your order.',
    html: '<p>Thanks for your order.</p>',
  };

  it('parses a sent message with replyTo, text and html', async () => {
    const transport = nodemailer.createTransport(capture.url);
    const info = await transport.sendMail(message);

    const mail = await capture.waitFor((m) => m.messageId === info.messageId, 2000);
    expect(mail).toMatchObject({
      from: 'shop@silkcart.test',
      to: ['buyer@example.com'],
      replyTo: 'support@silkcart.test',
      subject: 'Your order #1001',
      text: 'Thanks for your order.',
      html: '<p>Thanks for your order.</p>',
      envelope: { from: 'shop@silkcart.test', to: ['buyer@example.com'] },
      user: undefined,
    });
    expect(mail.headers['reply-to']).toBe('support@silkcart.test');
  });

  it('accepts credentials from the URL', async () => {
    const url = capture.url.replace('smtp://', 'smtp://mailer:secret@');
    await nodemailer.createTransport(url).sendMail({ ...message, subject: 'With auth' });

    await expect(capture.waitFor((m) => m.subject === 'With auth', 2000)).resolves.toMatchObject({
      user: 'mailer',
    });
  });

  it('answers DATA with 451 after failNext, then accepts the retry', async () => {
    const transport = nodemailer.createTransport(capture.url);
    const before = capture.messages.length;
    capture.failNext();

    await expect(transport.sendMail(message)).rejects.toMatchObject({ responseCode: 451 });
    expect(capture.messages).toHaveLength(before);
    await expect(transport.sendMail(message)).resolves.toBeDefined();
    expect(capture.messages).toHaveLength(before + 1);
  });
});
