"""How many scenes a film has: about one every 6 to 15 seconds, between 1 and 20.

The script's own blocks (scene headings, paragraphs, stanzas) are the starting point. Tiny
blocks ("Silence.") join a neighbour; when there are still too many, the smallest neighbours
merge; when there are too few, the biggest block is cut where its words split most evenly
(never inside an exchange of dialogue if it can be helped). Blocks with different scene
headings or languages merge only when nothing else will do.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from filmstudio.engine.script import Dialogue, SceneBlock, Transition
from filmstudio.engine.script.text import words

MAX_SCENES = 20
SHORTEST_SCENE_S = 6.0
LONGEST_SCENE_S = 15.0
#: Blocks with fewer words than this are too small to be a scene of their own.
TINY_WORDS = 10


def scene_bounds(duration: float) -> tuple[int, int]:
    """(fewest, most) scenes for a film of `duration` seconds."""
    most = max(1, min(MAX_SCENES, math.floor(duration / SHORTEST_SCENE_S)))
    fewest = max(1, min(most, math.ceil(duration / LONGEST_SCENE_S)))
    return fewest, most


def block_words(block: SceneBlock) -> int:
    return sum(len(words(e.text)) for e in block.elements if not isinstance(e, Transition))


def fit_scene_count(blocks: Sequence[SceneBlock], duration: float) -> list[SceneBlock]:
    """The blocks merged or split so their number suits a film of `duration` seconds."""
    return [scene for scene, _ in fit_scenes(blocks, duration)]


def fit_scenes(
    blocks: Sequence[SceneBlock], duration: float
) -> list[tuple[SceneBlock, SceneBlock]]:
    """(scene, source) pairs: each scene and the whole block it was cut from.

    The source lets a piece of a split paragraph keep what the paragraph says as a whole
    ("Tonight the storm came early" still sets the night for the sentences after it).
    """
    fewest, most = scene_bounds(duration)
    result = [(block, block) for block in blocks]
    _merge_tiny(result, fewest)
    while len(result) > most:
        pair = min(
            range(len(result) - 1),
            key=lambda i: (
                not _compatible(result[i][0], result[i + 1][0]),
                block_words(result[i][0]) + block_words(result[i + 1][0]),
            ),
        )
        result[pair : pair + 2] = [_merge_pair(result[pair], result[pair + 1])]
    while len(result) < fewest:
        candidates = [i for i, (b, _) in enumerate(result) if _cut_points(b)]
        if not candidates:
            break
        index = max(candidates, key=lambda i: (block_words(result[i][0]), -i))
        block, source = result[index]
        head, tail = split(block)
        result[index : index + 1] = [(head, source), (tail, source)]
    return result


def _merge_pair(
    first: tuple[SceneBlock, SceneBlock], second: tuple[SceneBlock, SceneBlock]
) -> tuple[SceneBlock, SceneBlock]:
    """Merge two scenes; their sources merge too unless they are the same block."""
    source = first[1] if first[1] is second[1] else merge(first[1], second[1])
    return merge(first[0], second[0]), source


def _merge_tiny(blocks: list[tuple[SceneBlock, SceneBlock]], fewest: int) -> None:
    """Join blocks under TINY_WORDS to their smaller compatible neighbour."""
    index = 0
    while index < len(blocks) and len(blocks) > fewest:
        block = blocks[index][0]
        if block_words(block) >= TINY_WORDS:
            index += 1
            continue
        neighbours = [
            n
            for n in (index - 1, index + 1)
            if 0 <= n < len(blocks)
            and _compatible(blocks[min(n, index)][0], blocks[max(n, index)][0])
        ]
        if not neighbours:
            index += 1
            continue
        other = min(neighbours, key=lambda n: (block_words(blocks[n][0]), n))
        first = min(other, index)
        blocks[first : first + 2] = [_merge_pair(blocks[first], blocks[first + 1])]
        index = first


def _compatible(first: SceneBlock, second: SceneBlock) -> bool:
    """Whether two neighbouring blocks may become one scene without losing a setting."""
    if second.heading is not None and second.heading != first.heading:
        return False
    return first.language == second.language


def merge(first: SceneBlock, second: SceneBlock) -> SceneBlock:
    """One block with the elements of both; the first block's heading and setting win."""
    return SceneBlock(
        heading=first.heading if first.heading is not None else second.heading,
        elements=first.elements + second.elements,
        kind=first.kind,
        language=first.language,
        interior=first.interior if first.interior is not None else second.interior,
        location=first.location or second.location,
        time_hint=first.time_hint or second.time_hint,
    )


def _cut_points(block: SceneBlock) -> list[int]:
    """Element indexes where a block can be cut, leaving something spoken on both sides."""
    spoken = [i for i, e in enumerate(block.elements) if not isinstance(e, Transition)]
    return [i for i in range(1, len(block.elements)) if spoken[0] < i <= spoken[-1]]


def split(block: SceneBlock) -> tuple[SceneBlock, SceneBlock]:
    """Cut a block in two where its words split most evenly, avoiding mid-conversation."""
    total = block_words(block)
    sizes = [0 if isinstance(e, Transition) else len(words(e.text)) for e in block.elements]

    def cost(cut: int) -> float:
        before = sum(sizes[:cut])
        elements = block.elements
        talking = isinstance(elements[cut - 1], Dialogue) and isinstance(elements[cut], Dialogue)
        return abs(total - 2 * before) + (total if talking else 0)

    cut = min(_cut_points(block), key=cost)
    head = SceneBlock(
        block.heading,
        block.elements[:cut],
        block.kind,
        block.language,
        block.interior,
        block.location,
        block.time_hint,
    )
    tail = SceneBlock(
        block.heading,
        block.elements[cut:],
        block.kind,
        block.language,
        block.interior,
        block.location,
        block.time_hint,
    )
    return head, tail
