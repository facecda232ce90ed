//! A service's stored API document: the source as given, the reference's table of contents,
//! and its sections packed in order into volumes of about [`PIECE_BYTES`] (a section larger
//! than that is a volume of its own). Each is written in pieces of at most [`PIECE_BYTES`]
//! (D1 refuses a value over 2 MB) and read back whole; packing keeps a document of a thousand
//! small tags to a few dozen rows, so that it is saved in one batch of few statements.

use std::collections::{BTreeSet, HashMap};

use app::model::{ApiDocIndex, ApiSection};
use gatehouse_db::{Batch, Stmt};
use serde::{Deserialize, Serialize};

use super::{AuditEntry, Store, StoreError};

/// The most one stored piece holds, in bytes.
pub const PIECE_BYTES: usize = 512 * 1024;

const SOURCE: &str = "source";
const INDEX: &str = "index";

fn volume_key(volume: usize) -> String {
    format!("volume:{volume}")
}

/// The stored table of contents: the page's, and which volume holds each tag's section.
#[derive(Debug, Serialize, Deserialize)]
pub struct StoredIndex {
    pub index: ApiDocIndex,
    volumes: HashMap<String, usize>,
}

/// The sections' JSON packed into volumes, and which volume holds each section.
fn volumes(sections: &[ApiSection]) -> Result<(Vec<String>, HashMap<String, usize>), StoreError> {
    let mut packed: Vec<Vec<String>> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut holder = HashMap::new();
    for section in sections {
        let text = json(section)?;
        match (packed.last_mut(), sizes.last_mut()) {
            (Some(volume), Some(size)) if *size + text.len() <= PIECE_BYTES => {
                *size += text.len() + 1;
                volume.push(text);
            }
            _ => {
                sizes.push(text.len() + 2);
                packed.push(vec![text]);
            }
        }
        holder.insert(section.slug.clone(), packed.len() - 1);
    }
    let texts = packed
        .into_iter()
        .map(|volume| format!("[{}]", volume.join(",")))
        .collect();
    Ok((texts, holder))
}

/// A document ready to store: what the admin gave, and what the portal shows of it.
#[derive(Debug)]
pub struct DocumentParts {
    pub source: String,
    pub index: ApiDocIndex,
    pub sections: Vec<ApiSection>,
}

/// What a service's save does to its stored document.
#[derive(Debug)]
pub enum DocumentWrite<'a> {
    Keep,
    Remove,
    Replace(&'a DocumentParts),
}

impl DocumentWrite<'_> {
    /// The steps of the save's batch, taking effect only if its guard matched.
    pub(super) fn steps(&self, service_id: &str) -> Result<Vec<Stmt>, StoreError> {
        let remove = Stmt::new("DELETE FROM service_documents WHERE service_id = ?1 AND {applied}")
            .bind(service_id);
        let parts = match self {
            Self::Keep => return Ok(Vec::new()),
            Self::Remove => return Ok(vec![remove]),
            Self::Replace(parts) => parts,
        };
        let (packed, holder) = volumes(&parts.sections)?;
        let stored = StoredIndex {
            index: parts.index.clone(),
            volumes: holder,
        };
        let mut named = vec![
            (SOURCE.to_string(), parts.source.clone()),
            (INDEX.to_string(), json(&stored)?),
        ];
        for (volume, text) in packed.into_iter().enumerate() {
            named.push((volume_key(volume), text));
        }
        let mut steps = vec![remove];
        for (section, text) in &named {
            for (seq, piece) in pieces(text).into_iter().enumerate() {
                steps.push(
                    Stmt::new(
                        "INSERT INTO service_documents (service_id, section, seq, body)
                         SELECT ?1, ?2, ?3, ?4 WHERE {applied}",
                    )
                    .bind(service_id)
                    .bind(section.as_str())
                    .bind(seq as i64)
                    .bind(piece),
                );
            }
        }
        Ok(steps)
    }
}

fn json<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

/// `text` cut into pieces of at most [`PIECE_BYTES`], on character boundaries.
fn pieces(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while rest.len() > PIECE_BYTES {
        let mut end = PIECE_BYTES;
        while !rest.is_char_boundary(end) {
            end -= 1;
        }
        let (piece, tail) = rest.split_at(end);
        pieces.push(piece);
        rest = tail;
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest);
    }
    pieces
}

impl Store {
    /// Replaces a service's document (keeping its other settings), with its audit entry;
    /// false when there is no such service.
    pub async fn replace_document(
        &self,
        service_id: &str,
        parts: &DocumentParts,
        audit: AuditEntry<'_>,
    ) -> Result<bool, StoreError> {
        let guard = Stmt::new(
            "UPDATE services SET openapi = '', updated_at = ?2 WHERE id = ?1 RETURNING id",
        )
        .bind(service_id)
        .bind(self.now());
        let mut batch = Batch::guarded(guard).then(audit.step(self.now()));
        for step in DocumentWrite::Replace(parts).steps(service_id)? {
            batch.push(step);
        }
        Ok(self.db.batch(batch).await?.applied)
    }

    /// Moves a document saved before documents were stored parsed into its parts; nothing
    /// happens if the service's document changed meanwhile.
    pub async fn move_legacy_document(
        &self,
        service_id: &str,
        parts: &DocumentParts,
    ) -> Result<(), StoreError> {
        let guard = Stmt::new(
            "UPDATE services SET openapi = '' WHERE id = ?1 AND openapi = ?2 RETURNING id",
        )
        .bind(service_id)
        .bind(&parts.source);
        let mut batch = Batch::guarded(guard);
        for step in DocumentWrite::Replace(parts).steps(service_id)? {
            batch.push(step);
        }
        self.db.batch(batch).await?;
        Ok(())
    }

    /// The reference's table of contents, if the service has a stored document.
    pub async fn document_index(
        &self,
        service_id: &str,
    ) -> Result<Option<StoredIndex>, StoreError> {
        match self.document_text(service_id, INDEX).await? {
            Some(text) => serde_json::from_str(&text)
                .map(Some)
                .map_err(|e| StoreError::Corrupt(e.to_string())),
            None => Ok(None),
        }
    }

    /// The sections of the tags `slugs` names, in that order (an unknown tag has none), read
    /// from the volumes `stored` says hold them.
    pub async fn document_sections(
        &self,
        service_id: &str,
        stored: &StoredIndex,
        slugs: &[&str],
    ) -> Result<Vec<ApiSection>, StoreError> {
        let wanted: BTreeSet<usize> = slugs
            .iter()
            .filter_map(|slug| stored.volumes.get(*slug).copied())
            .collect();
        let mut found: Vec<ApiSection> = Vec::new();
        for volume in wanted {
            let Some(text) = self.document_text(service_id, &volume_key(volume)).await? else {
                continue;
            };
            let sections: Vec<ApiSection> =
                serde_json::from_str(&text).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            found.extend(
                sections
                    .into_iter()
                    .filter(|s| slugs.contains(&s.slug.as_str())),
            );
        }
        Ok(slugs
            .iter()
            .filter_map(|slug| {
                let at = found.iter().position(|s| s.slug == *slug)?;
                Some(found.swap_remove(at))
            })
            .collect())
    }

    /// The document as the admin gave it.
    pub async fn document_source(&self, service_id: &str) -> Result<Option<String>, StoreError> {
        self.document_text(service_id, SOURCE).await
    }

    async fn document_text(
        &self,
        service_id: &str,
        section: &str,
    ) -> Result<Option<String>, StoreError> {
        let rows = self
            .db
            .all(
                Stmt::new(
                    "SELECT body FROM service_documents WHERE service_id = ?1 AND section = ?2 ORDER BY seq",
                )
                .bind(service_id)
                .bind(section),
            )
            .await?;
        if rows.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            rows.iter().map(|row| row.get::<String>("body")).collect(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cut_on_character_boundaries_and_join_back() {
        let text = "é".repeat(PIECE_BYTES); // two bytes each
        let cut = pieces(&text);
        assert_eq!(cut.len(), 2);
        assert!(cut.iter().all(|p| p.len() <= PIECE_BYTES));
        assert_eq!(cut.concat(), text);
        assert_eq!(pieces(""), vec![""]);
    }

    #[test]
    fn small_sections_share_a_volume_and_a_large_one_has_its_own() {
        let section = |slug: &str, size: usize| ApiSection {
            slug: slug.into(),
            operations: vec![app::model::ApiOperation {
                description: "x".repeat(size),
                ..Default::default()
            }],
            schemas: Vec::new(),
        };
        let sections = [
            section("a", 100),
            section("b", 100),
            section("big", PIECE_BYTES + 10),
            section("c", 100),
        ];
        let (packed, holder) = volumes(&sections).unwrap();
        assert_eq!(packed.len(), 3);
        assert_eq!(
            (holder["a"], holder["b"], holder["big"], holder["c"]),
            (0, 0, 1, 2)
        );
        let first: Vec<ApiSection> = serde_json::from_str(&packed[0]).unwrap();
        assert_eq!(first.len(), 2);
        assert!(packed
            .iter()
            .all(|p| serde_json::from_str::<Vec<ApiSection>>(p).is_ok()));
    }
}
