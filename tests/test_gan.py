"Tests for course_dl.gan: the GAN callback alternates and steps only the network whose turn it is; WGAN clipping."
from functools import partial
import math
import pytest
import torch
from hypothesis import given, settings, strategies as st
from torch import nn
from torch.utils.data import DataLoader, TensorDataset
from course_dl.learner import Learner, DataLoaders
from course_dl.gan import (GANModule, GANTrainer, WhoChanged, gan_gen_loss, gan_critic_loss, wgan_critic_loss,
                           wgan_gen_loss, basic_generator, basic_critic, ring_data, ring_distance, digit_score,
                           restoration_gen_loss, noise_dls, gan_learner, wgan_learner)

SETTINGS = dict(deadline=None, max_examples=12, derandomize=True)


def _fit(n_crit=1, n_gen=1, clip=None, n_batches=6, seed=0, lr=1e-2, bn=False):
    torch.manual_seed(seed)
    n = 4 * n_batches
    dl = DataLoader(TensorDataset(torch.zeros(n, 3, 1, 1), torch.randn(n, 5)), 4)
    G = nn.Sequential(nn.Flatten(), nn.Linear(3, 5))
    D = nn.Sequential(nn.Linear(5, 6), nn.BatchNorm1d(6) if bn else nn.Identity(), nn.ReLU(), nn.Linear(6, 1), nn.Flatten(0))
    cb, who = GANTrainer(n_crit=n_crit, n_gen=n_gen, clip=clip, z_dim=3, seed=seed), WhoChanged()
    learn = Learner(GANModule(G, D), DataLoaders(dl), gan_gen_loss, opt_func=partial(torch.optim.Adam, betas=(0., 0.99)),
                    cbs=[cb, who], progress=False)
    learn.fit(1, lr=lr)
    return learn, cb, who


@settings(**SETTINGS)
@given(n_crit=st.integers(0, 3), n_gen=st.integers(0, 2), seed=st.integers(0, 99))
def test_gan_trainer_alternates(n_crit, n_gen, seed):
    if n_crit + n_gen == 0: return
    learn, cb, who = _fit(n_crit, n_gen, seed=seed)
    expected = (['crit'] * n_crit + ['gen'] * n_gen) * 6
    assert cb.modes == expected[:6]
    # the critic's weights do not change on generator steps, and the generator's do not change on critic steps
    assert who.log == [(m == 'gen', m == 'crit') for m in cb.modes]
    assert len(cb.crit_losses) == cb.modes.count('crit') and len(cb.gen_losses) == cb.modes.count('gen')


def test_gan_trainer_with_batchnorm_critic_and_restores_grads():
    learn, cb, who = _fit(2, 1, bn=True)
    assert who.log == [(m == 'gen', m == 'crit') for m in cb.modes]
    assert all(p.requires_grad for p in learn.model.parameters())   # cleanup_fit gives the gradients back


@settings(**SETTINGS)
@given(clip=st.sampled_from([0.001, 0.01, 0.05]), seed=st.integers(0, 99))
def test_weight_clipping_keeps_critic_in_bounds(clip, seed):
    learn, cb, who = _fit(2, 1, clip=clip, seed=seed, lr=0.1)
    for p in learn.model.critic.parameters(): assert bool(p.detach().abs().max() <= clip)   # in float32, as clamp_ did
    assert any(bool(p.detach().abs().max() > clip) for p in learn.model.generator.parameters())   # the generator is not clipped


def test_gan_trainer_errors():
    with pytest.raises(ValueError, match='n_crit'): GANTrainer(n_crit=0, n_gen=0)
    with pytest.raises(ValueError, match='clip'): GANTrainer(clip=0)
    dl = DataLoader(TensorDataset(torch.zeros(8, 2), torch.zeros(8, 2)), 4)
    learn = Learner(nn.Linear(2, 2), DataLoaders(dl), gan_gen_loss, cbs=[GANTrainer()], progress=False)
    with pytest.raises(TypeError, match='GANModule'): learn.fit(1, lr=1e-3)


def test_losses():
    r, f = torch.tensor([2., 4.]), torch.tensor([1., -1.])
    assert float(wgan_critic_loss(r, f)) == pytest.approx(-3.)
    assert float(wgan_gen_loss(f)) == pytest.approx(0.)
    assert float(gan_critic_loss(torch.zeros(2), torch.zeros(2))) == pytest.approx(math.log(2))
    assert float(gan_gen_loss(torch.zeros(2))) == pytest.approx(math.log(2))
    fake, real = torch.zeros(1, 3, 4, 5), torch.ones(1, 3, 4, 5)
    assert float(restoration_gen_loss(torch.zeros(1), fake, real, 1., 50.)) == pytest.approx(math.log(2) + 50)


def test_dcgan_shapes():
    assert basic_generator(16, 8)(torch.randn(3, 16, 1, 1)).shape == (3, 1, 28, 28)
    assert basic_critic(28, 8)(torch.randn(3, 1, 28, 28)).shape == (3,)
    assert basic_critic(64, 4, 3, bn=False)(torch.randn(2, 3, 64, 64)).shape == (2,)
    assert not any(isinstance(m, nn.BatchNorm2d) for m in basic_critic(28, 8, bn=False).modules())


def test_generator_extra_layers():
    g0, g2 = basic_generator(16, 8), basic_generator(16, 8, n_extra=2)
    assert g2(torch.randn(3, 16, 1, 1)).shape == (3, 1, 28, 28)
    assert len(g2) == len(g0) + 2
    extra = [m for m in g2.modules() if isinstance(m, nn.ConvTranspose2d) and m.kernel_size == (3, 3)]
    assert len(extra) == 2 and all(m.stride == (1, 1) and m.in_channels == m.out_channels == 8 for m in extra)
    with pytest.raises(ValueError, match='n_extra'): basic_generator(16, 8, n_extra=-1)


def test_ring_and_score():
    assert ring_distance(ring_data(500, noise=0.)) == pytest.approx(0., abs=1e-6)
    clf = nn.Sequential(nn.Flatten(), nn.Linear(784, 10))
    with torch.no_grad(): clf[1].weight.zero_(); clf[1].bias.copy_(torch.arange(10.) * 10)
    s = digit_score(clf, torch.rand(4, 1, 28, 28))
    assert s['n_classes'] == 1 and s['mean_max_prob'] == pytest.approx(1., abs=1e-3)


def test_wgan_learner_runs_and_clips():
    torch.manual_seed(0)
    reals = torch.rand(64, 1, 28, 28) * 2 - 1
    learn = wgan_learner(basic_generator(8, 4), basic_critic(28, 4, bn=False), noise_dls(reals, 8, bs=16), z_dim=8)
    learn.fit(1, lr=1e-2)
    cb = learn.cbs[-1]
    assert cb.modes == ['crit'] * 4
    assert all(bool(p.detach().abs().max() <= 0.01) for p in learn.model.critic.parameters())
