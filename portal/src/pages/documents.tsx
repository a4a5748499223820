import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { ErrorNotice } from '../components/errors';
import { Loading, Notice, PageHeading } from '../components/page';
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
          {documents.length === 0 ? (
            <p>{t('documents.none')}</p>
          ) : (
            <div className="table-scroll">
              <table>
                <caption className="visually-hidden">{t('documents.list')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('documents.document')}</th>
                    <th scope="col">{t('documents.kind')}</th>
                    <th scope="col" className="number">
                      {t('documents.size')}
                    </th>
                    <th scope="col">{t('documents.added')}</th>
                    <th scope="col">{t('documents.download')}</th>
                  </tr>
                </thead>
                <tbody>
                  {documents.map((doc) => (
                    <tr key={doc.id}>
                      <td>{doc.title}</td>
                      <td>{t(`documentKind.${doc.kind}`)}</td>
                      <td className="number">
                        {t('documents.kb', { size: Math.max(1, Math.round(doc.sizeBytes / 1024)) })}
                      </td>
                      <td>{dateTime(doc.createdAt)}</td>
                      <td>
                        <button
                          type="button"
                          aria-label={t('documents.downloadOf', { title: doc.title })}
                          disabled={busy === doc.id}
                          onClick={() => void download(doc)}
                        >
                          {t('documents.download')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
