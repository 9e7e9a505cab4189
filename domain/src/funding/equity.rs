//! Fairness and equity across the borough: each cluster's funding per
//! child, against the LA's median, within a band the LA sets.

/// The median of `values`: the middle one, or for an even count the mean
/// of the middle two, half a penny rounded down; none of no values.
pub fn median(values: &[i64]) -> Option<i64> {
    let mut v = values.to_vec();
    v.sort_unstable();
    let n = v.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    if n.is_multiple_of(2) {
        let (a, b) = (i128::from(v[mid - 1]), i128::from(v[mid]));
        i64::try_from((a + b).div_euclid(2)).ok()
    } else {
        Some(v[mid])
    }
}

/// `pence` per child of `children`, to the nearest penny (a half rounded
/// up); none when there is no child.
pub fn per_child(pence: i64, children: i64) -> Option<i64> {
    if children <= 0 {
        return None;
    }
    let (p, c) = (i128::from(pence), i128::from(children));
    i64::try_from((2 * p + c).div_euclid(2 * c)).ok()
}

/// A cluster's figure against the LA's median.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// The figure less the median: negative below it.
    pub difference_pence: i64,
    /// Further from the median than `band_percent` of it.
    pub outside_band: bool,
}

/// Where `value` stands against `median`, with a band of `band_percent`
/// of the median either side (its edges inside).
pub fn place(value: i64, median: i64, band_percent: i64) -> Placed {
    let diff = i128::from(value) - i128::from(median);
    let allowed = i128::from(median).abs() * i128::from(band_percent);
    Placed {
        difference_pence: i64::try_from(diff).unwrap_or(if diff < 0 { i64::MIN } else { i64::MAX }),
        outside_band: diff.abs() * 100 > allowed,
    }
}

/// Each cluster's figure (none when it has no children to divide by)
/// against the median of those that have one: the median, and where each
/// figure stands.
pub fn compare(figures: &[Option<i64>], band_percent: i64) -> (Option<i64>, Vec<Option<Placed>>) {
    let known: Vec<i64> = figures.iter().flatten().copied().collect();
    let m = median(&known);
    let placed = figures
        .iter()
        .map(|f| f.zip(m).map(|(v, m)| place(v, m, band_percent)))
        .collect();
    (m, placed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_an_odd_count_is_the_middle_one() {
        assert_eq!(median(&[30, 10, 20]), Some(20));
        assert_eq!(median(&[7]), Some(7));
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(&[40, 10, 20, 30]), Some(25));
        assert_eq!(median(&[1, 2]), Some(1));
        assert_eq!(median(&[i64::MAX, i64::MAX]), Some(i64::MAX));
    }

    #[test]
    fn no_clusters_have_no_median() {
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn an_outlier_is_flagged_against_the_median_of_the_others() {
        let (m, placed) = compare(&[Some(100), None, Some(110), Some(300)], 20);
        assert_eq!(m, Some(110));
        assert_eq!(placed[1], None);
        let flags: Vec<bool> = placed.iter().flatten().map(|p| p.outside_band).collect();
        assert_eq!(flags, [false, false, true]);
        assert_eq!(compare(&[None], 20), (None, vec![None]));
    }

    #[test]
    fn per_child_rounds_to_the_nearest_penny() {
        assert_eq!(per_child(100, 3), Some(33));
        assert_eq!(per_child(200, 3), Some(67));
        assert_eq!(per_child(5, 2), Some(3));
        assert_eq!(per_child(100, 0), None);
    }

    #[test]
    fn a_figure_beyond_the_band_is_flagged_and_its_edge_is_not() {
        assert_eq!(
            place(120, 100, 20),
            Placed {
                difference_pence: 20,
                outside_band: false
            }
        );
        assert!(place(121, 100, 20).outside_band);
        assert!(place(79, 100, 20).outside_band);
        assert!(!place(100, 100, 0).outside_band);
        assert_eq!(place(79, 100, 20).difference_pence, -21);
    }
}
