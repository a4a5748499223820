import { defineErrors } from '../../common/error-codes';

/** The documents module's error codes (see common/error-codes.ts). */
export const DOCUMENT_ERRORS = defineErrors({
  NOT_A_PDF: { status: 415, meaning: 'an uploaded document is not a PDF' },
});

declare module '../../common/error-codes' {
  interface ErrorGroups {
    documents: typeof DOCUMENT_ERRORS;
  }
}
