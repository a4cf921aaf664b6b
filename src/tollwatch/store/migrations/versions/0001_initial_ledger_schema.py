"""initial ledger schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 17:52:54.136820
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('left', sa.JSON(), nullable=False),
    sa.Column('right', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=200), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('body_hash', sa.String(length=64), nullable=False),
    sa.Column('raw_hash', sa.String(length=64), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('url', sa.Text(), nullable=True),
    sa.Column('outlet', sa.String(length=300), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('origin', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('copy_of', sa.Integer(), nullable=True),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('event_date', sa.JSON(), nullable=True),
    sa.Column('killed', sa.Integer(), nullable=True),
    sa.Column('injured', sa.Integer(), nullable=True),
    sa.Column('extractor', sa.String(length=100), nullable=True),
    sa.Column('reconciled', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['copy_of'], ['documents.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('content_hash')
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_body_hash'), ['body_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_copy_of'), ['copy_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_reconciled'), ['reconciled'], unique=False)

    op.create_table('failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('origin', sa.Text(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('incidents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('place_name', sa.Text(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('lat', sa.Double(), nullable=True),
    sa.Column('lon', sa.Double(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('killed_best', sa.Integer(), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incidents_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_killed_best'), ['killed_best'], unique=False)
        batch_op.create_index(batch_op.f('ix_incidents_start'), ['start'], unique=False)

    op.create_table('claims',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('grp', sa.String(length=30), nullable=False),
    sa.Column('subgroup', sa.Text(), nullable=True),
    sa.Column('low', sa.Integer(), nullable=False),
    sa.Column('best', sa.Integer(), nullable=False),
    sa.Column('high', sa.Integer(), nullable=True),
    sa.Column('qualifier', sa.String(length=20), nullable=False),
    sa.Column('count_text', sa.Text(), nullable=False),
    sa.Column('vague_word', sa.String(length=100), nullable=True),
    sa.Column('evidence_start', sa.Integer(), nullable=False),
    sa.Column('evidence_end', sa.Integer(), nullable=False),
    sa.Column('sentence', sa.Text(), nullable=False),
    sa.Column('sentence_start', sa.Integer(), nullable=False),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('part_of', sa.Integer(), nullable=True),
    sa.Column('place', sa.JSON(), nullable=True),
    sa.Column('date', sa.JSON(), nullable=True),
    sa.Column('country', sa.String(length=8), nullable=True),
    sa.Column('date_start', sa.Date(), nullable=True),
    sa.Column('confidence', sa.Double(), nullable=False),
    sa.Column('extractor', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('document_id', 'position', name='uq_claims_position')
    )
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_claims_country'), ['country'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_claims_outcome'), ['outcome'], unique=False)

    op.create_table('document_bands',
    sa.Column('band', sa.String(length=24), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('band', 'document_id')
    )
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_bands_document_id'), ['document_id'],
                              unique=False)

    op.create_table('document_blocks',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('key', 'document_id')
    )
    with op.batch_alter_table('document_blocks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_document_blocks_document_id'), ['document_id'],
                              unique=False)

    op.create_table('revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('toll', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revisions_incident_id'), ['incident_id'], unique=False)

    op.create_table('tolls',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('grp', sa.String(length=30), nullable=False),
    sa.Column('low', sa.Integer(), nullable=False),
    sa.Column('best', sa.Integer(), nullable=False),
    sa.Column('high', sa.Integer(), nullable=True),
    sa.Column('grading', sa.String(length=60), nullable=False),
    sa.Column('claim_ids', sa.JSON(), nullable=False),
    sa.Column('sources', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tolls', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tolls_incident_id'), ['incident_id'], unique=False)

    op.create_table('incident_claims',
    sa.Column('incident_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['incident_id'], ['incidents.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('incident_id', 'claim_id'),
    sa.UniqueConstraint('claim_id')
    )


def downgrade() -> None:
    op.drop_table('incident_claims')
    with op.batch_alter_table('tolls', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tolls_incident_id'))

    op.drop_table('tolls')
    with op.batch_alter_table('revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revisions_incident_id'))

    op.drop_table('revisions')
    with op.batch_alter_table('document_blocks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_blocks_document_id'))

    op.drop_table('document_blocks')
    with op.batch_alter_table('document_bands', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_document_bands_document_id'))

    op.drop_table('document_bands')
    with op.batch_alter_table('claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_claims_outcome'))
        batch_op.drop_index(batch_op.f('ix_claims_document_id'))
        batch_op.drop_index(batch_op.f('ix_claims_country'))

    op.drop_table('claims')
    with op.batch_alter_table('incidents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incidents_start'))
        batch_op.drop_index(batch_op.f('ix_incidents_killed_best'))
        batch_op.drop_index(batch_op.f('ix_incidents_country'))

    op.drop_table('incidents')
    op.drop_table('failures')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_reconciled'))
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_copy_of'))
        batch_op.drop_index(batch_op.f('ix_documents_body_hash'))

    op.drop_table('documents')
    op.drop_table('decisions')
