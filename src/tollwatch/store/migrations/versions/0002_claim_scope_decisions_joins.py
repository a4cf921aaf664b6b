"""claim scope, claim decisions, incident join evidence

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02 07:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # claims stored before scopes existed were all read as the article's own event
    with op.batch_alter_table('claims') as batch:
        batch.add_column(sa.Column('scope', sa.String(length=20), nullable=False,
                                   server_default='event'))
    with op.batch_alter_table('incidents') as batch:
        batch.add_column(sa.Column('joins', sa.JSON(none_as_null=True), nullable=True))
    op.create_table('claim_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('grp', sa.String(length=30), nullable=True),
    sa.Column('place', sa.JSON(none_as_null=True), nullable=True),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('who', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(op.f('ix_claim_decisions_claim_id'), 'claim_decisions', ['claim_id'],
                    unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_claim_decisions_claim_id'), table_name='claim_decisions')
    op.drop_table('claim_decisions')
    with op.batch_alter_table('incidents') as batch:
        batch.drop_column('joins')
    with op.batch_alter_table('claims') as batch:
        batch.drop_column('scope')
