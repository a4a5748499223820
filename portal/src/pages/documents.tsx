import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../components/errors';
import { Loading, Notice, PageHeading } from '../components/page';
import { DataTable } from '../components/table';
import { graphql } from '../graphql';
import { useFormat, useT } from '../i18n/i18n';
import { session } from '../session/session';

const DOCUMENTS = graphql(`
  query PortalDocuments {
    documents {
      id
      title
      kind
      countries
      sizeBytes
      createdAt
      downloadPath
    }
  }
`);

/** The tax and vendor forms for the account's country, each a PDF to download. */
export default function Documents() {
  const t = useT();
  const { dateTime } = useFormat();
  const { data, loading, error } = useQuery(DOCUMENTS);
  const [busy, setBusy] = useState<string | null>(null);
  const [failed, setFailed] = useState<string | null>(null);

  const download = async (doc: { id: string; title: string; downloadPath: string }) => {
    setFailed(null);
    setBusy(doc.id);
    try {
      const token = session.token();
      const res = await fetch(doc.downloadPath, {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!res.ok) throw new Error(`download failed: ${res.status}`);
      const url = URL.createObjectURL(await res.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `${doc.title.replace(/[\\/:*?"<>|]+/g, ' ').trim() || doc.id}.pdf`;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
    } catch {
      setFailed(t('documents.downloadFailed', { title: doc.title }));
    } finally {
      setBusy(null);
    }
  };

  const documents = data?.documents ?? [];
  return (
    <>
      <PageHeading title={t('documents.title')} />
      {loading && !data && <Loading />}
      {error && <ErrorNotice error={error} />}
      {data && (
        <section className="card" aria-labelledby="documents-list">
          <h2 id="documents-list">{t('documents.list')}</h2>
          <p>{t('documents.intro')}</p>
          {failed && <Notice tone="error">{failed}</Notice>}
          <DataTable
            caption={t('documents.list')}
            rows={documents}
            rowKey={(doc) => doc.id}
            empty={t('documents.none')}
            columns={[
              { header: t('documents.document'), cell: (doc) => doc.title },
              { header: t('documents.kind'), cell: (doc) => t(`documentKind.${doc.kind}`) },
              {
                header: t('documents.size'),
                numeric: true,
                cell: (doc) => t('documents.kb', { size: Math.max(1, Math.round(doc.sizeBytes / 1024)) }),
              },
              { header: t('documents.added'), cell: (doc) => dateTime(doc.createdAt) },
              {
                header: t('documents.download'),
                cell: (doc) => (
                  <button
                    type="button"
                    aria-label={t('documents.downloadOf', { title: doc.title })}
                    disabled={busy === doc.id}
                    onClick={() => void download(doc)}
                  >
                    {t('documents.download')}
                  </button>
                ),
              },
            ]}
          />
        </section>
      )}
    </>
  );
}
