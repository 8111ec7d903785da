import Foundation
import MineScreenSupport
import MineScreenNative
import MineScreenIO

/// `--cache` for `prepareLayers`: what a block meets in each layer (`BlockContacts`) depends only on the block's
/// geometry and the geometries of the features that could touch it, which its neighbourhood's digest covers
/// (`BlockNeighbourhoods`). So it is kept under that digest and read back on a later run, where it only tells
/// which features matter to the coverage check: a block whose result is not found in the cache has an
/// unchanged neighbourhood only if its overlay settings changed, and its contacts are then the same.
extension OverlapEngine {
    /// Names the payload (which also tells these entries apart from a block's result).
    static let contactsFormat = "minescreen block contacts 1"

    static func contactsKey(_ neighbourhood: BlockNeighbourhoods.Neighbourhood) -> String {
        SHA256.hex(Array(contactsFormat.utf8) + neighbourhood.digest)
    }

    /// Per block (by position in `blocks.features`), per layer, the contacts kept for its neighbourhood; nil where
    /// none are kept (or their entry is damaged).
    func keptContacts(_ neighbourhoods: BlockNeighbourhoods, threads: Int) -> [[BlockContacts]?] {
        guard let cache else { return [] }
        let blocks = self.blocks, layerCount = layers.count
        return parallelMap(count: blocks.features.count, threads: threads) { k, _ -> [BlockContacts]? in
            guard let neighbourhood = neighbourhoods.byBlock[blocks.features[k].feature.index] else { return nil }
            return cache.lookup(Self.contactsKey(neighbourhood), countsBlock: false) {
                try Self.decodeContacts($0, candidates: neighbourhood.candidates, layers: layerCount)
            }
        }
    }

    /// Stores the contacts this run found for every layer of a block that had none kept.
    func keepContacts(_ found: [[BlockContacts?]], besides kept: [[BlockContacts]?], _ neighbourhoods: BlockNeighbourhoods,
                      threads: Int) {
        guard let cache else { return }
        let blocks = self.blocks
        _ = parallelMap(count: blocks.features.count, threads: threads) { k, _ in
            guard kept.indices.contains(k) ? kept[k] == nil : true,
                  let neighbourhood = neighbourhoods.byBlock[blocks.features[k].feature.index] else { return }
            var perLayer: [BlockContacts] = []
            for layer in found {
                guard let contacts = layer[k] else { return }
                perLayer.append(contacts)
            }
            guard let payload = Self.encodeContacts(perLayer, candidates: neighbourhood.candidates) else { return }
            cache.store(Self.contactsKey(neighbourhood), payload: payload)
        }
    }

    /// The format's name, then per layer one byte per candidate (ascending, as in the neighbourhood): 0 not met,
    /// 1 met, 2 covered whole.
    /// Nil when a contact is not among the candidates (then nothing is kept).
    static func encodeContacts(_ perLayer: [BlockContacts], candidates: [[Int]]) -> [UInt8]? {
        guard perLayer.count == candidates.count else { return nil }
        var writer = CacheByteWriter()
        writer.string(contactsFormat)
        writer.int(perLayer.count)
        for (contacts, list) in zip(perLayer, candidates) {
            var marks = [UInt8](repeating: 0, count: list.count)
            let positionOf = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1, $0) })
            for (c, covered) in zip(contacts.features, contacts.covered) {
                guard let p = positionOf[c] else { return nil }
                marks[p] = covered ? 2 : 1
            }
            writer.int(list.count)
            writer.raw(marks)
        }
        return writer.bytes
    }

    static func decodeContacts(_ payload: [UInt8], candidates: [[Int]], layers: Int) throws -> [BlockContacts] {
        var reader = CacheByteReader(payload)
        guard try reader.string() == contactsFormat, try reader.int() == layers, candidates.count == layers else { throw CacheByteReader.Damaged() }
        var perLayer: [BlockContacts] = []
        for list in candidates {
            guard try reader.int() == list.count else { throw CacheByteReader.Damaged() }
            var contacts = BlockContacts()
            for (c, mark) in zip(list, try reader.bytes(list.count)) {
                guard mark <= 2 else { throw CacheByteReader.Damaged() }
                if mark > 0 {
                    contacts.features.append(c)
                    contacts.covered.append(mark == 2)
                }
            }
            perLayer.append(contacts)
        }
        guard reader.isAtEnd else { throw CacheByteReader.Damaged() }
        return perLayer
    }
}
