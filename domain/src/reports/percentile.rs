//! Medians and percentiles of whole days, by nearest rank: the value at
//! rank ⌈p/100 × n⌉ of the n values in order (rank 1 at least). Always a
//! value that occurred, never an interpolation, so it reads as "90 in 100
//! waited this long or less".

/// The `p`th percentile (0 to 100) of `values` by nearest rank; `None`
/// of no values.
pub fn nearest_rank(values: &[i64], p: u32) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    let p = usize::try_from(p.min(100)).ok()?;
    let rank = (p * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The median by nearest rank (the lower middle of an even count).
pub fn median(values: &[i64]) -> Option<i64> {
    nearest_rank(values, 50)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_values_have_no_percentile() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[], 90), None);
    }

    #[test]
    fn one_value_is_every_percentile() {
        for p in [0, 1, 50, 90, 100] {
            assert_eq!(nearest_rank(&[7], p), Some(7), "p{p}");
        }
    }

    #[test]
    fn nearest_rank_takes_a_value_that_occurred() {
        // Ranks: p50 of 4 is ⌈2⌉ = 2, p90 of 4 is ⌈3.6⌉ = 4.
        assert_eq!(median(&[40, 10, 30, 20]), Some(20));
        assert_eq!(nearest_rank(&[40, 10, 30, 20], 90), Some(40));
        // p90 of 10 is rank 9; of 11, ⌈9.9⌉ = 10.
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 90), Some(9));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&eleven, 90), Some(10));
        assert_eq!(median(&eleven), Some(6));
        assert_eq!(nearest_rank(&eleven, 0), Some(1));
        assert_eq!(nearest_rank(&eleven, 100), Some(11));
    }

    #[test]
    fn two_values_median_is_the_lower() {
        assert_eq!(median(&[9, 3]), Some(3));
        assert_eq!(nearest_rank(&[9, 3], 90), Some(9));
    }

    #[test]
    fn zero_days_count_like_any_other() {
        assert_eq!(median(&[0, 0, 5]), Some(0));
        assert_eq!(nearest_rank(&[0, 0, 5], 90), Some(5));
    }
}
