import { Column, Entity, PrimaryColumn } from 'typeorm';
import { IsoDateColumn } from './iso-date-column.js';

@Entity({ name: 'site_session' })
export class SiteSessionRow {
  @PrimaryColumn({ name: 'id_hash', type: 'varchar', length: 64 })
  idHash!: string;

  @Column({ name: 'participant_id', type: 'varchar', length: 300, nullable: true })
  participantId!: string | null;

  @Column({ name: 'display_name', type: 'varchar', length: 300, nullable: true })
  displayName!: string | null;

  @Column({ name: 'administrator', type: 'boolean', default: false })
  administrator!: boolean;

  @Column({ name: 'csrf_token', type: 'varchar', length: 64 })
  csrfToken!: string;

  /** JSON of what a pending sign-in keeps. */
  @Column({ name: 'pending', type: 'text', nullable: true })
  pending!: string | null;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('expires_at')
  expiresAt!: Date;
}

@Entity({ name: 'site_sign_in_link' })
export class SiteSignInLinkRow {
  @PrimaryColumn({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash!: string;

  @Column({ name: 'participant_id', type: 'varchar', length: 300 })
  participantId!: string;

  @Column({ name: 'display_name', type: 'varchar', length: 300 })
  displayName!: string;

  @Column({ name: 'administrator', type: 'boolean', default: false })
  administrator!: boolean;

  @IsoDateColumn('created_at')
  createdAt!: Date;

  @IsoDateColumn('expires_at')
  expiresAt!: Date;

  @IsoDateColumn('used_at', { nullable: true })
  usedAt!: Date | null;
}
