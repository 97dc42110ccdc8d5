import FundTraceModel

/// The wallets of the actor a trace follows: an investigator tracing a thief
/// wants to see where the thief's money goes, so the thief's own wallets are
/// hops, not endpoints, whatever list (OFAC, a blacklist) also names them.
///
/// A wallet is the actor's when any of its labels
/// - is `perpetrator` (an exploiter, a hacker, a thief),
/// - names an actor that a source address's labels name (GraphSense actors,
///   the entity of a perpetrator label such as "Ronin Bridge Exploiter"), or
/// - is `sanctioned` while a source address is sanctioned too (the actor's
///   sanctioned wallets; a sanctions list is not a place funds can be frozen).
///
/// A wallet that is also a service (exchange, deposit address, mixer, bridge,
/// DEX) is never the actor's: the trace stops there as before.
struct ActorWallets {
    let labels: LabelBook
    /// Actors named by the sources' labels (lower-cased).
    let actors: Set<String>
    /// Whether a source address carries a sanctions label.
    let sourcesSanctioned: Bool

    static let services: Set<LabelCategory> = [.exchange, .exchangeDeposit, .mixer, .bridge, .dex]

    init(labels: LabelBook, sources: [(chain: String, address: String)]) {
        self.labels = labels
        var actors = Set<String>(), sanctioned = false
        for s in sources {
            actors.formUnion(labels.actors(chain: s.chain, address: s.address))
            if labels.labels(chain: s.chain, address: s.address).contains(where: { $0.category == .sanctioned }) { sanctioned = true }
        }
        self.actors = actors
        self.sourcesSanctioned = sanctioned
    }

    /// Whether `address` on `chain` is one of the actor's wallets.
    func isActorWallet(chain: String, address: String) -> Bool {
        let all = labels.labels(chain: chain, address: address)
        if all.isEmpty || all.contains(where: { Self.services.contains($0.category) }) { return false }
        if all.contains(where: { $0.category == .perpetrator }) { return true }
        if !actors.isDisjoint(with: labels.actors(chain: chain, address: address)) { return true }
        return sourcesSanctioned && all.contains { $0.category == .sanctioned }
    }
}
