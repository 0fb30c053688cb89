import { DomainError } from '@silkcart/shared';

export class ExportNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.EXPORT_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such export in this store');
  }
}

export class ExportFileNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.EXPORT_FILE_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No file: not a finished CSV export of this store');
  }
}

export class ExportScheduleNotFound extends DomainError {
  readonly code = 'NOTIFICATIONS.EXPORT_SCHEDULE_NOT_FOUND';
  readonly kind = 'not_found';
  constructor() {
    super('No such export schedule in this store');
  }
}

export class SheetsNotConfigured extends DomainError {
  readonly code = 'NOTIFICATIONS.SHEETS_NOT_CONFIGURED';
  readonly kind = 'unavailable';
  constructor() {
    super('Google Sheets exports are not configured: set GOOGLE_SERVICE_ACCOUNT_JSON');
  }
}
