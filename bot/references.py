"""The conversation reference as the bot stores it: only what stays the same from turn to turn.

An activity's reference carries per-activity fields (the activity id, the locale, the SDK's per-request
`requestId`) and, in a channel, whoever spoke last. Stored as is, every turn would rewrite the row. What a later
proactive message needs is where to write (service URL, channel, conversation) and as whom (the bot); the user only
in a personal chat, which belongs to one person.
"""

from __future__ import annotations

import json
from typing import Any

from microsoft_agents.activity import ChannelAccount, ConversationAccount, ConversationReference


def stored_reference(reference: ConversationReference) -> str:
    conversation = reference.conversation
    personal = (conversation.conversation_type or "personal") == "personal"
    fields: dict[str, Any] = {
        "conversation": ConversationAccount(
            id=conversation.id,
            conversation_type=conversation.conversation_type,
            tenant_id=conversation.tenant_id,
            is_group=conversation.is_group,
        ),
        "channel_id": reference.channel_id,
        "service_url": reference.service_url,
    }
    if reference.agent and reference.agent.id:
        fields["agent"] = ChannelAccount(id=reference.agent.id)
    if personal and reference.user and reference.user.id:
        fields["user"] = ChannelAccount(id=reference.user.id)
    stable = ConversationReference(**fields)
    return json.dumps(stable.model_dump(mode="json", by_alias=True, exclude_none=True), sort_keys=True)
