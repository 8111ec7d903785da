import ArgumentParser
import MineScreenKit

/// `overlap` and `screen` measure overlay pieces as ellipsoidal or tdt1055 areas. A plane area would need every
/// piece in one Gauss-Krüger plane, which overlays in several CRSs do not give: refused (exit 2).
func validateOverlayMethod(_ method: AreaMethod) throws {
    if method == .planar {
        throw ValidationError("--method planar is offered by `area` only; overlap and screen take ellipsoidal or tdt1055")
    }
}
