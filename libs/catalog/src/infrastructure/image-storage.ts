import type { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, onFirstUse } from '@silkcart/shared';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Where product images are kept; chosen by STORAGE_DRIVER. */
export abstract class ImageStorage {
  /** Stores the whole image at `key`; returns its absolute public URL. */
  abstract put(key: string, body: Buffer, contentType: string): Promise<string>;
  abstract remove(key: string): Promise<void>;
}

/** `./.data/uploads`, served by the api under /uploads with long cache headers. */
@Injectable()
export class LocalImageStorage extends ImageStorage {
  readonly root: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    super();
    this.root = join(config.dataDir, 'uploads');
  }

  async put(key: string, body: Buffer): Promise<string> {
    const path = join(this.root, key);
    await mkdir(dirname(path), { recursive: true });
    try {
      await writeFile(path, body);
    } catch (err) {
      await rm(path, { force: true });
      throw err;
    }
    return `${this.config.publicUrl}/uploads/${key}`;
  }

  async remove(key: string): Promise<void> {
    await rm(join(this.root, key), { force: true });
  }
}

/** The AWS SDK, required at the first upload rather than at startup (about 0.1 s). */
const s3Sdk = onFirstUse<typeof import('@aws-sdk/client-s3')>('@aws-sdk/client-s3');

/**
 * An S3-compatible bucket (AWS, MinIO, R2…); S3_PUBLIC_URL is where the objects are served.
 * The client is made at the first upload or removal.
 */
@Injectable()
export class S3ImageStorage extends ImageStorage {
  private s3Client: S3Client | null = null;
  private readonly clientConfig: S3ClientConfig;
  private readonly bucket: string;
  private readonly publicBase: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super();
    const s3 = config.storage.s3;
    this.bucket = s3.bucket as string;
    this.clientConfig = {
      region: s3.region ?? 'us-east-1',
      endpoint: s3.endpoint ?? undefined,
      forcePathStyle: s3.forcePathStyle,
      credentials:
        s3.accessKeyId && s3.secretAccessKey
          ? { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey }
          : undefined,
    };
    this.publicBase = (
      s3.publicUrl ??
      (s3.endpoint
        ? `${s3.endpoint}/${this.bucket}`
        : `https://${this.bucket}.s3.${s3.region ?? 'us-east-1'}.amazonaws.com`)
    ).replace(/\/+$/, '');
  }

  private get client(): S3Client {
    this.s3Client ??= new (s3Sdk().S3Client)(this.clientConfig);
    return this.s3Client;
  }

  async put(key: string, body: Buffer, contentType: string): Promise<string> {
    const { PutObjectCommand } = s3Sdk();
    await this.client.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentLength: body.length,
        ContentType: contentType,
        CacheControl: 'public, max-age=31536000, immutable',
      }),
    );
    return `${this.publicBase}/${key}`;
  }

  async remove(key: string): Promise<void> {
    const { DeleteObjectCommand } = s3Sdk();
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}
