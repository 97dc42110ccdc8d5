import Foundation
import FundTraceIngest
import FundTraceModel
import FundTraceStore
import FundTraceTaint

/// Where a forward trace stops: labelled services in `--stop-at` (but never the actor's own wallets), mixer pools
/// recognised by their pattern, exchange deposit addresses, the hop limit and hot wallets above `--max-degree`.
extension Investigation.Context {
    /// The label that stops the trace at `key`, if any. The actor's own
    /// wallets are followed whatever list names them (``ActorWallets``).
    func stoppingLabel(_ key: StoreKey) throws -> AddressLabel? {
        let chain = chain(of: key.asset), address = try text(key.address)
        guard let label = labels.primary(chain: chain, address: address),
              parameters.stopAt.contains(label.category),
              !(label.category == .mixer && parameters.mixerMode == .pool) else { return nil }
        if actorWallets.isActorWallet(chain: chain, address: address) { return nil }
        return label
    }


    func note(roundRecipient address: Int64) { roundRecipients.insert(address) }

    /// The mixer-pool pattern of an unlabelled address of at most `maxDegree` transfers (cached), when
    /// mixers are not followed as ordinary addresses; a pool found is added to the pools mixer links are computed on.
    func mixerPattern(_ address: Int64, chainID: Int64) throws -> MixerPoolPattern? {
        guard parameters.mixerMode != .pool, parameters.stopAt.contains(.mixer) else { return nil }
        if let p = patterns[address] { return p }
        var found: MixerPoolPattern?
        let chain = chains[chainID] ?? ""
        if labels.primary(chain: chain, address: try text(address)) == nil {
            let degree = try self.degree(address)
            if degree >= MixerPoolPattern.minDeposits, degree <= parameters.maxDegree {
                found = MixerPoolPattern.examine(address, rows: try rows(of: address).filter { $0.row.chainID == chainID })
            }
        }
        patterns[address] = found
        if found != nil { crossings.mixers.add(pool: address, chainID: chainID) }
        return found
    }

    /// Why the trace stops at `key` (nil: follow it), with the label that decided.
    func stop(_ key: StoreKey, hop: Int) throws -> (EndpointReason, AddressLabel?, String)? {
        let chain = chain(of: key.asset)
        let address = try text(key.address)
        if let label = try stoppingLabel(key) {
            let reason: EndpointReason
            switch label.category {
            case .mixer: reason = .mixer
            case .bridge: reason = .bridge
            case .exchangeDeposit: reason = .exchangeDeposit
            default: reason = .service
            }
            let note = reason == .bridge ? notMadeReason(into: key.address, kind: .bridge).map { "; " + $0 } ?? "" : ""
            return (reason, label, "stop rule --stop-at \(label.category.rawValue): labelled \(label.category.rawValue) by \(label.source)" + note)
        }
        if roundRecipients.contains(key.address), labels.primary(chain: chain, address: address) == nil,
           let pool = try mixerPattern(key.address, chainID: assets[key.asset]?.chainID ?? -1) {
            let label = AddressLabel(chain: chain, address: address,
                                     label: "Mixer pool (detected): \(pool.deposits) deposits of \(pool.denomination)", category: .mixer,
                                     sourceCategory: "detected", source: "fundtrace mixer pool detection")
            return (.mixer, label, "stop rule mixer pool detection: \(pool.deposits) deposits of one round amount from \(pool.depositors) senders; "
                    + "\(pool.payouts) payouts of 90–100 % of it")
        }
        // A deposit address is named as such even at the hop limit; hot wallets are never examined.
        let degree = try degree(key.address)
        if degree <= parameters.maxDegree, parameters.stopAt.contains(.exchangeDeposit) {
            if let f = try deposits.examine(address: key.address, chain: chain, rows: try rows(of: key.address),
                                            text: text, time: times) {
                let label = AddressLabel(chain: chain, address: address, label: "\(f.exchange) deposit",
                                         category: .exchangeDeposit, sourceCategory: "detected",
                                         source: "fundtrace deposit detection", actor: f.exchange)
                return (.exchangeDeposit, label, "stop rule deposit detection: " + f.evidence)
            }
        }
        if hop >= parameters.maxHops {
            return (.hopLimit, labels.primary(chain: chain, address: address), "stop rule --max-hops \(parameters.maxHops): reached after \(hop) hops")
        }
        if degree > parameters.maxDegree {
            return (.incomplete, labels.primary(chain: chain, address: address),
                    "stop rule --max-degree \(parameters.maxDegree): more than \(parameters.maxDegree) transfers in the window, not followed")
        }
        return nil
    }
}
