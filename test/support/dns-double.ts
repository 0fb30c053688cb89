import { createSocket, Socket } from 'node:dgram';
import * as dnsPacket from 'dns-packet';

const NXDOMAIN = 3;
const SERVFAIL = 2;

/**
 * A DNS server on a loopback UDP port answering TXT questions from a table (RFC 1035 packets,
 * encoded by dns-packet): a known name with its records, an unknown one NXDOMAIN, and names
 * set to `fail` SERVFAIL. Point `DNS_SERVERS` at `address`.
 */
export class DnsDouble {
  readonly txt = new Map<string, string[] | 'fail'>();
  readonly asked: string[] = [];

  private constructor(private readonly socket: Socket) {
    socket.on('message', (message, remote) => {
      const query = dnsPacket.decode(message);
      const question = query.questions?.[0];
      if (!question) return;
      this.asked.push(`${question.type} ${question.name}`);
      const entry = this.txt.get(question.name.toLowerCase());
      const rcode = entry === 'fail' ? SERVFAIL : entry === undefined ? NXDOMAIN : 0;
      const answers =
        Array.isArray(entry) && question.type === 'TXT'
          ? entry.map((data) => ({ type: 'TXT' as const, name: question.name, ttl: 60, data }))
          : [];
      const response = dnsPacket.encode({
        type: 'response',
        id: query.id,
        flags: dnsPacket.AUTHORITATIVE_ANSWER | dnsPacket.RECURSION_DESIRED | rcode,
        questions: [question],
        answers,
      });
      socket.send(response, remote.port, remote.address);
    });
  }

  static async start(): Promise<DnsDouble> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new DnsDouble(socket);
  }

  get address(): string {
    return `127.0.0.1:${this.socket.address().port}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
